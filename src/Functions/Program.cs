using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RetrainFunctions.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

builder.Services.AddRetrainFunctions(builder.Configuration);

builder.Build().Run();
