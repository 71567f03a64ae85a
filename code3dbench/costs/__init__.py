"""The benchmark's default prices for the paper's models (`code3dbench.costs.prices`)."""
