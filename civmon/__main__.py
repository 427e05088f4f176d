"""python -m civmon"""

from civmon.cli import main

main()
