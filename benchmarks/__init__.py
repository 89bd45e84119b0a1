"""Speed checks for issue 2, section 6: run with `make bench` (`python -m benchmarks`)."""
