"""The 工作进展情况报告 up the chain (issue 21 point 16): each region's, and one summing the
regions of a build, as a 公文 letter with the 重点联系点情况表 attached, plus its figures as XLSX."""
