"""Inputs: the agreement and region contexts, the minimum-wage tables, the procedure's dates, the agreement files a build sees, the JSON Schemas."""
