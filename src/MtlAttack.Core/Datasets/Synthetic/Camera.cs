namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// A pinhole camera. Camera frame: x to the right, y up, z along the optical axis (forward), so depth is the
/// z coordinate. Pixel coordinates (u, v) run right and down from the image's top-left corner; pixel
/// (row, col) covers [col, col+1) x [row, row+1) and its ray passes through the centre (col + 0.5, row + 0.5).
/// </summary>
internal sealed class Camera
{
    /// <param name="position">Optical centre in world coordinates (world: x right, y up, z into the room).</param>
    /// <param name="yaw">Turn to the right about world y, radians.</param>
    /// <param name="pitch">Tilt downwards, radians.</param>
    /// <param name="roll">Turn about the optical axis, radians; positive lifts the right edge of the frame.</param>
    /// <param name="horizontalFieldOfView">Full angle, radians; the image is square so it is also the vertical one.</param>
    public Camera(Vec3 position, double yaw, double pitch, double roll, double horizontalFieldOfView)
    {
        Position = position;
        HorizontalFieldOfView = horizontalFieldOfView;
        _tanHalfFieldOfView = Math.Tan(horizontalFieldOfView / 2);

        double cy = Math.Cos(yaw), sy = Math.Sin(yaw), cp = Math.Cos(pitch), sp = Math.Sin(pitch);
        Forward = new Vec3(sy * cp, -sp, cy * cp);
        var levelRight = new Vec3(cy, 0, -sy);
        var levelUp = new Vec3(sy * sp, cp, cy * sp);
        double cr = Math.Cos(roll), sr = Math.Sin(roll);
        Right = levelRight * cr + levelUp * sr;
        Up = levelUp * cr - levelRight * sr;
    }

    public Vec3 Position { get; }
    public double HorizontalFieldOfView { get; }

    // Fields, not properties: the renderer reads them for every pixel and Debug builds do not inline getters.
    public readonly Vec3 Forward, Right, Up;
    private readonly double _tanHalfFieldOfView;

    /// <summary>Focal length in pixels for an image <paramref name="size"/> pixels wide.</summary>
    public double FocalLength(int size) => size / 2.0 / _tanHalfFieldOfView;

    /// <summary>
    /// World-space direction through image point (u, v), scaled so that its forward component is 1:
    /// the ray parameter of a hit is then its depth.
    /// </summary>
    public Vec3 RayDirection(double u, double v, int size)
    {
        double f = FocalLength(size);
        double x = (u - size / 2.0) / f, y = (size / 2.0 - v) / f;
        return new Vec3(
            Right.X * x + Up.X * y + Forward.X,
            Right.Y * x + Up.Y * y + Forward.Y,
            Right.Z * x + Up.Z * y + Forward.Z);
    }

    /// <summary>A world direction expressed in the camera frame.</summary>
    public Vec3 ToCameraFrame(Vec3 worldDirection) =>
        new(worldDirection.Dot(Right), worldDirection.Dot(Up), worldDirection.Dot(Forward));

    /// <summary>Projects a world point to image coordinates; depth &lt;= 0 means behind the camera.</summary>
    public (double U, double V, double Depth) Project(Vec3 worldPoint, int size)
    {
        var p = ToCameraFrame(worldPoint - Position);
        double f = FocalLength(size);
        return (size / 2.0 + f * p.X / p.Z, size / 2.0 - f * p.Y / p.Z, p.Z);
    }
}
