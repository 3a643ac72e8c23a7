using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Client;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary>
/// <c>mtlattack evaluations adversarial ID --out DIR</c>: downloads every adversarial example file a completed
/// evaluation saved (<c>evaluations start --save-adversarial N</c>) into a folder, a line per file.
/// </summary>
public static class AdversarialCommand
{
    public static Command Create(RemoteConnection connection, CliEnvironment environment)
    {
        var id = EvaluationCommands.EvaluationId();
        var output = new Option<string>("--out")
        {
            Description = "Folder to download into (created if missing; files of the same name are replaced).",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("adversarial",
            "Download the adversarial examples a completed evaluation saved: per cell a PNG strip (clean, adversarial, perturbation, task outputs) and a safetensors file.")
        {
            id, output,
        };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            string evaluationId = parseResult.GetRequiredValue(id);
            string folder = parseResult.GetRequiredValue(output);
            if (File.Exists(folder)) throw new UsageException($"--out '{folder}' is a file; give a folder to download the examples into.");

            // A line per file as it is written, before the next download starts.
            var written = new SynchronousProgress<DownloadedFile>(file =>
                environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {file.Path} ({file.Bytes:N0} bytes)")));
            var files = await session.Client.DownloadAdversarialFilesAsync(evaluationId, folder, written, cancellation);
            if (files.Count == 0)
            {
                environment.Out.WriteLine($"Evaluation {evaluationId} saved no adversarial examples; start one with --save-adversarial N to have them.");
                return ExitCodes.Success;
            }
            environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Downloaded {files.Count} file{(files.Count == 1 ? "" : "s")} ({files.Sum(f => f.Bytes):N0} bytes) of evaluation {evaluationId} into {folder}."));
            return ExitCodes.Success;
        });
        return command;
    }
}
