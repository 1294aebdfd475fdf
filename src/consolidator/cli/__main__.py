"""python -m consolidator.cli"""

from consolidator.cli import console

console()
