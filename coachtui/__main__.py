from coachtui.cli import main

raise SystemExit(main())
