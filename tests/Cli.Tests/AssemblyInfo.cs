// The command line writes to the process-wide Console; its tests capture it and so run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
