namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// One side of the room: the axis-aligned plane coordinate[axis] = offset, facing into the room. Unbounded,
/// because the room is closed and its other sides hide everything beyond the edges.
/// </summary>
internal sealed class RoomPlane(int id, SceneClass sceneClass, Appearance appearance, int axis, double offset, double inwardSign)
    : Primitive(id, sceneClass, appearance)
{
    public int Axis { get; } = axis;
    public double Offset { get; } = offset;

    /// <summary>True for the side at the low end of its axis (floor, front wall, left wall).</summary>
    public bool FacesPositive { get; } = inwardSign > 0;

    public Vec3 InwardNormal { get; } = Vec3.Axis(axis, inwardSign);

    public override double Intersect(in Ray ray, double tMin, double tMax)
    {
        double origin, direction;
        switch (Axis)
        {
            case 0: origin = ray.Origin.X; direction = ray.Direction.X; break;
            case 1: origin = ray.Origin.Y; direction = ray.Direction.Y; break;
            default: origin = ray.Origin.Z; direction = ray.Direction.Z; break;
        }
        if (direction == 0) return Miss;
        double t = (Offset - origin) / direction;
        return t > tMin && t < tMax ? t : Miss;
    }

    public override SurfaceHit Describe(Vec3 point)
    {
        // Horizontal coordinate first, so wall stripes at angle 0 run vertically.
        var (u, v) = Axis switch
        {
            0 => (point.Z, point.Y),
            1 => (point.X, point.Z),
            _ => (point.X, point.Y),
        };
        return new SurfaceHit(InwardNormal, u, v, 0);
    }
}
