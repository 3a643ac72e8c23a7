namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>Semantic classes of the synthetic scenes; the value is the segmentation label.</summary>
internal enum SceneClass
{
    Floor = 0,
    Wall = 1,
    Ceiling = 2,
    Box = 3,
    Sphere = 4,
    Cylinder = 5,
}
