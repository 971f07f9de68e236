// The CrashReport module; see Package.swift for its role.
