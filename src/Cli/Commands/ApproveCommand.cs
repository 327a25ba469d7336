using System.CommandLine;
using System.Net.Http.Json;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Commands;

/// <summary>
/// <c>retrain approve &lt;model&gt; --candidate &lt;version&gt; --digest &lt;sha256&gt; --by &lt;name&gt; [--reject] [--reason ...] [--url ...]</c>:
/// posts an <see cref="ApprovalDecision"/> (camelCase JSON) to <c>POST {url}/api/models/{model}/approval</c>, where the
/// serving host delivers it to the run that waits for it.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(Func<HttpMessageHandler>? handler = null)
    {
        var model = ModelArgument.Create();
        var candidate = new Option<string>("--candidate") { Description = "The candidate version waiting for approval (its run id).", Required = true };
        var digest = new Option<string>("--digest") { Description = "SHA-256 of the evaluation report you reviewed (shown while the run waits).", Required = true };
        var by = new Option<string>("--by") { Description = "Who decides (recorded in the run record).", Required = true };
        var reject = new Option<bool>("--reject") { Description = "Reject the promotion instead of approving it." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the decision record." };
        var url = new Option<string>("--url") { Description = "Base URL of the serving host.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("approve", "Approve (or --reject) a promotion waiting for approval; the decision is bound to the candidate and the digest of its evaluation report.")
        {
            model, candidate, digest, by, reject, reason, url,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            var approver = parse.GetRequiredValue(by);
            if (string.IsNullOrWhiteSpace(approver))
            {
                await Console.Error.WriteLineAsync("error: --by: name who decides.");
                return 2;
            }

            if (!Uri.TryCreate(parse.GetRequiredValue(url), UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"error: --url: '{parse.GetValue(url)}' is not an http(s) URL.");
                return 2;
            }

            var decision = new ApprovalDecision(name, parse.GetRequiredValue(candidate), parse.GetRequiredValue(digest), !parse.GetValue(reject), approver, parse.GetValue(reason));
            using var client = handler is null ? new HttpClient() : new HttpClient(handler(), disposeHandler: true);
            var target = new Uri(baseUrl, $"api/models/{Uri.EscapeDataString(name)}/approval");
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsJsonAsync(target, decision, RetrainJson.Options, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new CommandLineException($"cannot reach {target}: {ex.Message}. Is 'retrain serve' running there? (--url)", ExitCode.Failed, ex);
            }

            using var answered = response;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"error: {target} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
                return 1;
            }

            Console.WriteLine($"{(decision.Approved ? "Approval" : "Rejection")} of {name} candidate {decision.CandidateVersion} by {approver} delivered ({(int)response.StatusCode}). {body}".TrimEnd());
            return 0;
        });
        return command;
    }
}
