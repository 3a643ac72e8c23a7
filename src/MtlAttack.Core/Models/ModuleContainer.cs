using TorchSharp;

namespace MtlAttack.Core.Models;

/// <summary>
/// A forward-less module that only names its children, so state-dict keys read
/// <c>backbone.block2.group0.…</c> and <c>heads.normal.…</c>.
/// </summary>
internal sealed class ModuleContainer : torch.nn.Module
{
    public ModuleContainer(IEnumerable<(string Name, torch.nn.Module Module)> children) : base(nameof(ModuleContainer))
    {
        foreach (var (name, module) in children) register_module(name, module);
    }
}
