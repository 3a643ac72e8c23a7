using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Api.Contracts;

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

            var files = await session.Client.ListAdversarialFilesAsync(evaluationId, cancellation);
            if (files.Count == 0)
            {
                environment.Out.WriteLine($"Evaluation {evaluationId} saved no adversarial examples; start one with --save-adversarial N to have them.");
                return ExitCodes.Success;
            }
            // The names come from the server; a name that is not a plain file name would write outside the folder.
            if (files.FirstOrDefault(f => Path.GetFileName(f.Name) != f.Name || f.Name is "" or "." or "..") is { } unsafeName)
                throw new InvalidDataException($"The server listed '{unsafeName.Name}' among evaluation {evaluationId}'s adversarial examples, which is not a plain file name; nothing was downloaded.");

            Directory.CreateDirectory(folder);
            long total = 0;
            foreach (var file in files)
            {
                string path = Path.Combine(folder, file.Name);
                await DownloadAsync(session, evaluationId, file, path, cancellation);
                long bytes = new FileInfo(path).Length;
                total += bytes;
                environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {path} ({bytes:N0} bytes)"));
            }
            environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Downloaded {files.Count} file{(files.Count == 1 ? "" : "s")} ({total:N0} bytes) of evaluation {evaluationId} into {folder}."));
            return ExitCodes.Success;
        });
        return command;
    }

    // Into a side file first, so an interrupted download never leaves a truncated file under the real name.
    private static async Task DownloadAsync(RemoteSession session, string evaluationId, AdversarialFile file, string path, CancellationToken cancellation)
    {
        string partial = path + ".part";
        try
        {
            await using (var target = File.Create(partial))
                await session.Client.DownloadAdversarialFileAsync(evaluationId, file.Name, target, cancellation);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
