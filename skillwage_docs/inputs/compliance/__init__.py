"""The enterprises' self-check forms as returned: the agreement's floors, the workbook read as data, its rows checked."""
