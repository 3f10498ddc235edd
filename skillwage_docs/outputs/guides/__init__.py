"""Guides over a region's records for the people who run and review the procedure (issue 21):
the register of contracts that overlap (point 14) and the decision guide for the approval
route (point 15), written as Markdown for the build folder and the site."""
