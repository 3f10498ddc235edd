"""Page checks for tests and proofs (dev-only: pdfminer), measured on printed pages."""
