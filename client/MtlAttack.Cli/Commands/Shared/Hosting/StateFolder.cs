namespace MtlAttack.Cli.Commands.Shared.Hosting;

/// <summary>
/// A single-node service's state folder (<c>--state</c>, default <c>.mtlattack</c>): grain state and tenants in
/// <c>state.db</c>, uploaded checkpoints and saved adversarial examples under <c>blobs/</c>, datasets under <c>datasets/</c>. <c>serve</c> and <c>tenants</c> agree on it through here.
/// </summary>
public sealed record StateFolder(string Root)
{
    public const string DefaultRoot = ".mtlattack";

    public string Database => Path.Combine(Root, "state.db");

    public string Blobs => Path.Combine(Root, "blobs");

    /// <summary>The folder <c>serve</c>'s dataset SPECs are confined to unless <c>--datasets</c> names another.</summary>
    public string Datasets => Path.Combine(Root, "datasets");
}
