"""Outputs that consume a build's records: the site and redlines, the liaison table, the filing calendar, the compliance forms and import, what-if and the minimum-wage report."""
