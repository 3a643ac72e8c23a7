namespace MtlAttack.Core.Tests.Models.TorchScript;

/// <summary>
/// TorchScript tests run alone: with libtorch 2.10 on this build, TorchScript forward/backward passes running at the
/// same time as other torch work in the process were seen to return wrong or NaN input gradients (see the report of
/// issue 11); alone, they match PyTorch to 1e-7.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchScriptCollection
{
    public const string Name = "TorchScript (alone)";
}
