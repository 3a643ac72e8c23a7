namespace MtlAttack.Cli.Commands.Service;

/// <summary>
/// A single-node service's state folder (<c>--state</c>, default <c>.mtlattack</c>): grain state and tenants in
/// <c>state.db</c>, uploaded checkpoints and saved adversarial examples under <c>blobs/</c>. <c>serve</c> and <c>tenants</c> agree on it through here.
/// </summary>
public sealed record StateFolder(string Root)
{
    public const string DefaultRoot = ".mtlattack";

    public string Database => Path.Combine(Root, "state.db");

    public string Blobs => Path.Combine(Root, "blobs");
}
