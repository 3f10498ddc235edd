"""Generators and the oracle shared by tests/test_fuzz.py and benchmarks/fuzz_campaign.py."""
