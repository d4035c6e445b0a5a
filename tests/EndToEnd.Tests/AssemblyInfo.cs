// Each class starts its own cluster of processes with scripts/cluster.sh, which picks free ports by probing; two
// starts at once could pick the same port (and two clusters would overload a 2-core machine). One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
