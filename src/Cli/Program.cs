using RetrainFunctions.Cli;

return await RetrainCommandLine.InvokeAsync(args);
