"""What coachtui does for screens and the command line alike: summaries out, turns in and out, round
bundles, the coordinator's figures, reports, and the one private-file writer."""
