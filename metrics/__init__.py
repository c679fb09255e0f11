"""What the numbers mean: the KPI catalog, periods, scoped queries, rankings, targets."""
