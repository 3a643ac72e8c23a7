using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

/// <summary>Hand-built scenes with known geometry: a 6 x 3 room, back wall at z = 8, camera at (0, 1.5, 0), no yaw or roll.</summary>
internal static class FixedScene
{
    public const double RoomWidth = 6, BackWallZ = 8, CeilingHeight = 3, FrontWallZ = -1.5, CameraHeight = 1.5;

    public static readonly Appearance Grey = Appearance.Uniform(new Rgb(0.5, 0.5, 0.5));

    public static Camera Camera(double pitch) =>
        new(new Vec3(0, CameraHeight, 0), yaw: 0, pitch: pitch, roll: 0, horizontalFieldOfView: SceneGenerator.FieldOfView);

    public static Scene Build(double pitch, IEnumerable<Primitive>? objects = null, Appearance? floor = null, Appearance? wall = null, Appearance? ceiling = null)
    {
        var primitives = SceneGenerator.Room(RoomWidth, BackWallZ, CeilingHeight, FrontWallZ, floor ?? Grey, wall ?? Grey, ceiling ?? Grey);
        primitives.AddRange(objects ?? []);
        return new Scene(Camera(pitch), primitives, lightPosition: new Vec3(0.5, 2.5, 3), ambient: 0.3, lightStrength: 1.0);
    }

    /// <summary>Ray direction through pixel (row, col) for a camera without yaw and roll, derived here independently of <see cref="Camera"/>.</summary>
    public static Vec3 PixelDirection(double pitch, int size, int row, int col)
    {
        double f = size / 2.0 / Math.Tan(SceneGenerator.FieldOfView / 2);
        double x = (col + 0.5 - size / 2.0) / f, y = (size / 2.0 - row - 0.5) / f;
        // Camera up = (0, cos, sin), forward = (0, -sin, cos) for a camera pitched down by `pitch`.
        return new Vec3(x, y * Math.Cos(pitch) - Math.Sin(pitch), y * Math.Sin(pitch) + Math.Cos(pitch));
    }
}
