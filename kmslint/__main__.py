from kmslint.cli import main

main()
