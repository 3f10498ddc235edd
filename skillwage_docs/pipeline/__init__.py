"""The build: plan the stale targets, run their jobs (validate, compose, render, read back), publish atomically, keep a record per agreement."""
