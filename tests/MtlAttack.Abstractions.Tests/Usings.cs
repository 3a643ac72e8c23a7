global using MtlAttack.Abstractions;
