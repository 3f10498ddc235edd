"""Page images (issue 13): `make proofs`, the visual regression test and its approve command."""
