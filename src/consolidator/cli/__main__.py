"""python -m consolidator.cli"""

from consolidator.cli import main

main()
