using RetrainFunctions.Cli;

return await RetrainCommandLine.Create().Parse(args).InvokeAsync();
