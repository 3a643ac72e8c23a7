using MtlAttack.Client.Contracts;

namespace MtlAttack.Client;

public sealed partial class MtlAttackClient
{
    /// <summary>The files of a checkpoint folder, as <c>mtlattack train</c> writes them.</summary>
    public const string SpecFileName = "model.json";
    public const string WeightsFileName = "weights.safetensors";

    /// <summary>The silo kinds a model can ask to be hosted on; the server takes cuda when none is given.</summary>
    public static readonly IReadOnlyList<string> Accelerators = ["cuda", "cpu"];

    /// <summary>
    /// Registers the checkpoint in <paramref name="checkpointDirectory"/> (<see cref="SpecFileName"/> and
    /// <see cref="WeightsFileName"/>). Throws <see cref="DirectoryNotFoundException"/> or <see cref="FileNotFoundException"/>
    /// naming what is missing before anything is sent.
    /// </summary>
    /// <param name="name">The model id to register under (lower-case letters, digits, '.', '-', '_'); the server picks one when null.</param>
    /// <param name="accelerator">The silo kind to host it (<see cref="Accelerators"/>); the server takes cuda when null.</param>
    public async Task<ModelInfo> UploadModelAsync(string checkpointDirectory, string? name = null, string? accelerator = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        if (!Directory.Exists(checkpointDirectory))
            throw new DirectoryNotFoundException($"Checkpoint folder '{checkpointDirectory}' does not exist.");
        var missing = new[] { SpecFileName, WeightsFileName }.Where(file => !File.Exists(Path.Combine(checkpointDirectory, file))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(
                $"Checkpoint folder '{checkpointDirectory}' has no {string.Join(" and no ", missing)}; a checkpoint holds {SpecFileName} and {WeightsFileName}.",
                Path.Combine(checkpointDirectory, missing[0]));

        await using var spec = File.OpenRead(Path.Combine(checkpointDirectory, SpecFileName));
        await using var weights = File.OpenRead(Path.Combine(checkpointDirectory, WeightsFileName));
        return await UploadModelAsync(spec, weights, name, accelerator, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers a checkpoint sent from two streams, read from their current position; they stay open, the caller disposes them.</summary>
    /// <inheritdoc cref="UploadModelAsync(string, string?, string?, CancellationToken)" path="/param"/>
    public Task<ModelInfo> UploadModelAsync(Stream spec, Stream weights, string? name = null, string? accelerator = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (name is not null) ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (accelerator is not null && !Accelerators.Contains(accelerator))
            throw new ArgumentException($"Unknown accelerator '{accelerator}': use {string.Join(" or ", Accelerators)}.", nameof(accelerator));

        var form = new MultipartFormDataContent
        {
            { new LeaveOpenStreamContent(spec), "spec", SpecFileName },
            { new LeaveOpenStreamContent(weights), "weights", WeightsFileName },
        };
        if (name is not null) form.Add(new StringContent(name), "name");
        if (accelerator is not null) form.Add(new StringContent(accelerator), "accelerator");
        return SendAsync<ModelInfo>(HttpMethod.Post, "v1/models", form, cancellationToken);
    }
}
