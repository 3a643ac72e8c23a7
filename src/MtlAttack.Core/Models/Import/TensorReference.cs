namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view (offset, size, stride, in elements) of a
/// storage. It stays a description until the state dict is checked; only then are storages read.
/// </summary>
internal sealed record TensorReference(StorageReference Storage, long StorageOffset, long[] Size, long[] Stride)
{
    public long ElementCount => Size.Aggregate(1L, (a, b) => checked(a * b));
}
