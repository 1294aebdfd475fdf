"""python -m consolidator"""

from consolidator.cli import console

console()
