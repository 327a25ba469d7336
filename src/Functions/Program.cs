using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RetrainFunctions.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: the HTTP functions take HttpRequest and return the API's IResult.
builder.ConfigureFunctionsWebApplication();

builder.Services.AddRetrainFunctions(builder.Configuration);

builder.Build().Run();
