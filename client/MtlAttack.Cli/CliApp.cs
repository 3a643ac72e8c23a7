using System.CommandLine;
using System.CommandLine.Invocation;
using MtlAttack.Cli.Commands.Attack;
using MtlAttack.Cli.Commands.Bench;
using MtlAttack.Cli.Commands.Dataset;
using MtlAttack.Cli.Commands.Db;
using MtlAttack.Cli.Commands.Demo;
using MtlAttack.Cli.Commands.Eval;
using MtlAttack.Cli.Commands.Import;
using MtlAttack.Cli.Commands.Serve;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Cli.Commands.SharingLayouts;
using MtlAttack.Cli.Commands.Study;
using MtlAttack.Cli.Commands.Tenants;
using MtlAttack.Cli.Commands.Train;

namespace MtlAttack.Cli;

/// <summary>The whole command line as a method, so tests run it in-process with captured output.</summary>
public static class CliApp
{
    public const string ExecutableName = "mtlattack";

    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var root = new RootCommand("Measures the adversarial robustness of multi-task vision models.");
        root.Subcommands.Add(DatasetCommands.Create(environment));
        root.Subcommands.Add(LayoutsCommand.Create(environment));
        root.Subcommands.Add(TrainCommand.Create(environment));
        root.Subcommands.Add(ImportCommand.Create(environment));
        root.Subcommands.Add(EvalCommand.Create(environment));
        root.Subcommands.Add(AttackCommand.Create(environment));
        root.Subcommands.Add(BenchCommand.Create(environment));
        root.Subcommands.Add(DemoCommand.Create(environment));
        root.Subcommands.Add(StudyCommand.Create(environment));
        root.Subcommands.Add(DbCommand.Create(environment));
        RemoteCommands.AddTo(root, environment);
        root.Subcommands.Add(ServeCommand.Create(environment));
        root.Subcommands.Add(TenantsCommand.Create(environment));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var environment = new CliEnvironment(output, error);
        var parseResult = CreateRootCommand(environment).Parse(args);
        // Before the parse errors: the command the user meant is probably a remote one.
        if (RemoteCommands.MisplacedConnectionOption(parseResult) is { } misplaced)
        {
            error.WriteLine($"error: {misplaced}");
            return ExitCodes.Usage;
        }
        if (parseResult.Action is ParseErrorAction)
        {
            error.WriteLine(ParseErrorMessage.For(parseResult));
            return ExitCodes.Usage;
        }

        // Our own handler, not the library's: users get one line, never a stack trace, and the exit
        // code tells scripts whether retrying with other input can help.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {OneLine(e)}");
            return ExitCodes.Failure;
        }
    }

    // Inner exceptions often name the file or value at fault; add each one the outer messages do not already quote.
    private static string OneLine(Exception e)
    {
        string text = e.Message;
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += $": {inner.Message}";
        return text.ReplaceLineEndings(" ");
    }
}
