"""The 重点联系点情况表: its rows from the build's records, unbreakable words, one layout for DOCX and XLSX."""
