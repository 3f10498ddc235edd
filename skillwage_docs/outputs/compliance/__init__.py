"""The enterprises' self-check forms (企业履约情况自查表) as written: XLSX for many enterprises, DOCX for one."""
