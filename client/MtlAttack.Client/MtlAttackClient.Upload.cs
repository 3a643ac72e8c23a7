using MtlAttack.Api.Contracts;

namespace MtlAttack.Client;

public sealed partial class MtlAttackClient
{
    /// <summary>The files of a native checkpoint folder, as <c>mtlattack train</c> writes them.</summary>
    public const string SpecFileName = ModelFolderLayout.SpecFileName;
    public const string WeightsFileName = ModelFolderLayout.WeightsFileName;

    /// <summary>The silo kinds a model can ask to be hosted on; the server takes cuda when none is given.</summary>
    public static readonly IReadOnlyList<string> Accelerators = ["cuda", "cpu"];

    /// <summary>
    /// Registers the model in <paramref name="checkpointDirectory"/>: <see cref="SpecFileName"/> and the file it says holds
    /// the model (<see cref="WeightsFileName"/> for a native checkpoint, the TorchScript archive its <c>file</c> names for
    /// <c>"format": "torchscript"</c>; see <see cref="ModelFolderLayout"/>). Throws <see cref="DirectoryNotFoundException"/>,
    /// <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming what is missing or wrong before
    /// anything is sent.
    /// </summary>
    /// <param name="name">The model id to register under (lower-case letters, digits, '.', '-', '_'); the server picks one when null.</param>
    /// <param name="accelerator">The silo kind to host it (<see cref="Accelerators"/>); the server takes cuda when null.</param>
    public async Task<ModelInfo> UploadModelAsync(string checkpointDirectory, string? name = null, string? accelerator = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        if (!Directory.Exists(checkpointDirectory))
            throw new DirectoryNotFoundException($"Checkpoint folder '{checkpointDirectory}' does not exist.");
        string specPath = Path.Combine(checkpointDirectory, SpecFileName);
        // model.json says which file holds the model; without it, say what a native checkpoint needs.
        string modelFile = File.Exists(specPath)
            ? ModelFolderLayout.ModelFileOf(await File.ReadAllTextAsync(specPath, cancellationToken).ConfigureAwait(false))
            : WeightsFileName;
        var missing = new[] { SpecFileName, modelFile }.Where(file => !File.Exists(Path.Combine(checkpointDirectory, file))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(
                $"Checkpoint folder '{checkpointDirectory}' has no {string.Join(" and no ", missing)}; " +
                (modelFile == WeightsFileName
                    ? $"a checkpoint holds {SpecFileName} and {WeightsFileName} (or, for a TorchScript model, {SpecFileName} naming its file)."
                    : $"its {SpecFileName} names the TorchScript file {modelFile}, which must lie beside it."),
                Path.Combine(checkpointDirectory, missing[0]));

        await using var spec = File.OpenRead(specPath);
        await using var weights = File.OpenRead(Path.Combine(checkpointDirectory, modelFile));
        return await UploadAsync(spec, weights, modelFile, name, accelerator, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers a model sent from two streams (model.json, and weights.safetensors or the TorchScript archive model.json
    /// names), read from their current position; they stay open, the caller disposes them.
    /// </summary>
    /// <inheritdoc cref="UploadModelAsync(string, string?, string?, CancellationToken)" path="/param"/>
    public Task<ModelInfo> UploadModelAsync(Stream spec, Stream weights, string? name = null, string? accelerator = null,
        CancellationToken cancellationToken = default) =>
        UploadAsync(spec, weights, WeightsFileName, name, accelerator, cancellationToken);

    /// <param name="weightsFileName">The weights part's file name, for people reading the request; the server names the file by model.json.</param>
    private Task<ModelInfo> UploadAsync(Stream spec, Stream weights, string weightsFileName, string? name, string? accelerator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (name is not null) ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (accelerator is not null && !Accelerators.Contains(accelerator))
            throw new ArgumentException($"Unknown accelerator '{accelerator}': use {string.Join(" or ", Accelerators)}.", nameof(accelerator));

        var form = new MultipartFormDataContent
        {
            { new LeaveOpenStreamContent(spec), ModelUploadFields.Spec, SpecFileName },
            { new LeaveOpenStreamContent(weights), ModelUploadFields.Weights, weightsFileName },
        };
        if (name is not null) form.Add(new StringContent(name), ModelUploadFields.Name);
        if (accelerator is not null) form.Add(new StringContent(accelerator), ModelUploadFields.Accelerator);
        return SendAsync<ModelInfo>(HttpMethod.Post, "v1/models", form, cancellationToken);
    }
}
