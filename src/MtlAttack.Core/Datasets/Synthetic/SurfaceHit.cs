namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>A ray: points Origin + t * Direction for t &gt; 0. Direction need not be unit length.</summary>
internal readonly struct Ray(Vec3 origin, Vec3 direction)
{
    public readonly Vec3 Origin = origin, Direction = direction;

    public Vec3 At(double t) => new(Origin.X + t * Direction.X, Origin.Y + t * Direction.Y, Origin.Z + t * Direction.Z);
}

/// <summary>What the renderer needs to know about the surface where a ray stopped.</summary>
/// <param name="Normal">Outward unit normal in world coordinates.</param>
/// <param name="U">First surface coordinate in metres, for the texture.</param>
/// <param name="V">Second surface coordinate in metres.</param>
/// <param name="Face">Which face of the primitive (box side, cylinder cap), so creases show up as edges.</param>
internal readonly record struct SurfaceHit(Vec3 Normal, double U, double V, int Face);
