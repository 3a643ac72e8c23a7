using System.CommandLine;
using System.Net;
using MtlAttack.Client;

namespace MtlAttack.Cli.Commands.Shared.Remote;

/// <summary>
/// Runs a remote command against its API connection and turns the server's answers into exit codes: a 4xx problem
/// means the input can be fixed (<see cref="ExitCodes.Usage"/>), a 5xx or an unreachable server is a
/// <see cref="ExitCodes.Failure"/>. Either way the user reads one line.
/// </summary>
public static class RemoteAction
{
    /// <summary>
    /// A subcommand that makes one call on the object its <paramref name="id"/> argument names and, once the server
    /// has answered, prints the line <paramref name="done"/> makes of that id (a delete, for instance).
    /// </summary>
    public static Command OneCall(string name, string description, Argument<string> id, Func<MtlAttackClient, string, CancellationToken, Task> call,
        Func<string, string> done, RemoteConnection connection, CliEnvironment environment)
    {
        var command = new Command(name, description) { id };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            string value = parseResult.GetRequiredValue(id);
            await call(session.Client, value, cancellation);
            environment.Out.WriteLine(done(value));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void SetRemoteAction(this Command command, RemoteConnection connection, CliEnvironment environment,
        Func<ParseResult, RemoteSession, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellation) =>
        {
            using var session = connection.Open(parseResult, environment);
            try
            {
                return await action(parseResult, session, cancellation);
            }
            catch (MtlAttackApiException e)
            {
                environment.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return e.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError ? ExitCodes.Usage : ExitCodes.Failure;
            }
            catch (HttpRequestException e)
            {
                environment.Error.WriteLine($"error: could not reach the MtlAttack API at {session.Server}: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                // HttpClient reports its own timeout as a cancellation the user never asked for.
                environment.Error.WriteLine($"error: the MtlAttack API at {session.Server} did not answer in time: {e.Message}");
                return ExitCodes.Failure;
            }
        });
    }
}
