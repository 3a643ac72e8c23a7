using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A storage named by the pickle's persistent id <c>('storage', torch.FloatStorage, key, location, numel)</c>:
/// its bytes are the archive entry <c>data/{key}</c>, little-endian. <see cref="Location"/> is where it lived when
/// saved (<c>cpu</c>, <c>cuda:0</c>); it is informational, everything is read onto the CPU.
/// </summary>
internal sealed record StorageReference(string Key, ScalarType DType, long ElementCount, string Location)
{
    public int ElementSize => DType.ElementSize();

    public long ByteLength => checked(ElementCount * ElementSize);
}
