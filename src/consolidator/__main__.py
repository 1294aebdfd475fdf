"""python -m consolidator"""

from consolidator.cli import main

main()
