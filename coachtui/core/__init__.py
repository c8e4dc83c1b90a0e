"""The pure core: the coaching model, the dimensions of talk, the analysis of tagged turns and the
formats of the files coachtui reads and writes. Nothing here touches SQLite, files or Textual."""
