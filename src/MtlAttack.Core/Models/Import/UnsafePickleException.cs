namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A <c>.pt</c> whose pickle asks for more than tensors and plain containers: a Python global outside the state-dict
/// whitelist (<c>os.system</c>, a model class, …) or an opcode that builds arbitrary objects. Nothing from the file
/// has been run when this is thrown: the restricted unpickler never imports or calls anything.
/// </summary>
public sealed class UnsafePickleException(string message, string? forbiddenGlobal = null) : PyTorchFormatException(message)
{
    /// <summary>The refused global as <c>module.name</c>, when a global was the reason.</summary>
    public string? ForbiddenGlobal { get; } = forbiddenGlobal;

    internal static UnsafePickleException ForGlobal(string source, string module, string name)
    {
        var qualified = PickleText.Printable(module) + "." + PickleText.Printable(name);
        return new($"{source}: its pickle calls {qualified}, which is not a tensor or a plain container; refusing to load it "
            + "(nothing from the file was run). Export the weights with torch.save(model.state_dict()) or as safetensors.", qualified);
    }
}
