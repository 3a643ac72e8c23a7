using MtlAttack.Core.Models.TorchScript;

namespace MtlAttack.Grains.Hosting;

/// <summary>What a silo's <see cref="ModelHost"/> agrees to load.</summary>
public sealed class ModelHostOptions
{
    /// <summary>
    /// Whether TorchScript model folders may be loaded. A TorchScript archive carries code (TorchScript, run by libtorch's
    /// interpreter in the silo's process, never Python) written by whoever uploaded it; the operator decides whether
    /// tenants may bring it. Off: such folders are refused with a message naming this setting.
    /// </summary>
    public bool AllowTorchScript { get; set; }

    /// <summary>How large a TorchScript archive may be and unpack to.</summary>
    public TorchScriptLimits TorchScriptLimits { get; set; } = TorchScriptLimits.Default;

    /// <summary>The setting's name as operators write it.</summary>
    public const string AllowTorchScriptSetting = "MtlAttack:Silo:AllowTorchScript";
}
