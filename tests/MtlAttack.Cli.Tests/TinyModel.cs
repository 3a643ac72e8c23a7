namespace MtlAttack.Cli.Tests;

/// <summary>
/// One small model trained once through <c>mtlattack train</c> (small backbone, 16x16 synthetic scenes, one epoch)
/// and shared by the tests of the <see cref="TinyModelCollection"/>, which only read it.
/// </summary>
public sealed class TinyModel : IAsyncLifetime
{
    public const string Dataset = "synthetic:count=20,size=16,seed=2";

    private readonly TempFolder folder = new();

    /// <summary>The training output folder (holds best/ and last/).</summary>
    public string Directory => folder.File("model");

    public CliRun Training { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        Training = await CliRun.Invoke("train", "--dataset", Dataset, "--epochs", "1", "--batch-size", "8", "--seed", "3", "--out", Directory);
        if (Training.ExitCode != ExitCodes.Success) throw new InvalidOperationException($"Training the shared tiny model failed: {Training}");
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModel>
{
    public const string Name = "tiny model";
}
