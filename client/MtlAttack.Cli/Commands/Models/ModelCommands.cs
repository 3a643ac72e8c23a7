using System.CommandLine;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Cli.Options;
using MtlAttack.Api.Contracts;
using MtlAttack.Client;

namespace MtlAttack.Cli.Commands.Models;

/// <summary><c>mtlattack models upload|list|show|delete</c>: the models registered with the API.</summary>
public static class ModelCommands
{
    public static Command Create(RemoteConnection connection, CliEnvironment environment)
    {
        var models = new Command("models", "Remote mode: register checkpoints with the MtlAttack API, look at the registered models and delete them.");
        models.Subcommands.Add(Upload(connection, environment));
        models.Subcommands.Add(ListCommand.Create("List the registered models.", (client, cancellation) => client.ListModelsAsync(cancellation),
            ModelDisplay.Table, "No models registered; add one with 'mtlattack models upload --model DIR'.", connection, environment));
        models.Subcommands.Add(Show(connection, environment));
        models.Subcommands.Add(RemoteAction.OneCall("delete", "Unregister a model and delete its uploaded checkpoint; reports of its finished evaluations stay.",
            ModelId(), (client, id, cancellation) => client.DeleteModelAsync(id, cancellation), id => $"Deleted model '{id}'.", connection, environment));
        return models;
    }

    private static Command Upload(RemoteConnection connection, CliEnvironment environment)
    {
        var model = ModelOption.Create();
        var name = new Option<string?>("--name")
        {
            Description = "Model id to register under: lower-case letters, digits, '.', '-', '_' (default: the server picks one).",
            HelpName = "ID",
        };
        var accelerator = new Option<string?>("--accelerator")
        {
            Description = $"Kind of silo to host the model: {string.Join(" or ", MtlAttackClient.Accelerators)} (the server's default: cuda).",
            HelpName = "KIND",
        };
        accelerator.AcceptOnlyFromAmong([.. MtlAttackClient.Accelerators]);

        var command = new Command("upload",
            "Upload a model folder and register it: a checkpoint (model.json + weights.safetensors) or a TorchScript model (model.json naming its file).") { model, name, accelerator };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            string checkpoint = ModelDirectory.Resolve(parseResult.GetRequiredValue(model));
            ModelInfo info;
            try
            {
                info = await session.Client.UploadModelAsync(checkpoint, parseResult.GetValue(name), parseResult.GetValue(accelerator), cancellation);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new UsageException($"--model: {e.Message}", e);
            }
            environment.Out.WriteLine($"Uploaded {checkpoint} as model '{info.Id}'.");
            ModelDisplay.Write(info, environment.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(RemoteConnection connection, CliEnvironment environment)
    {
        var id = ModelId();
        var command = new Command("show", "Show one model: tasks, backbone, layout, accelerator, and where it is loaded now.") { id };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            ModelDisplay.Write(await session.Client.GetModelAsync(parseResult.GetRequiredValue(id), cancellation), environment.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> ModelId() => new("id") { Description = "Model id, as 'models list' shows it." };
}
