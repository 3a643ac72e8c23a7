global using MtlAttack.Abstractions;
global using MtlAttack.Silo;
