// The Bisect module; see Package.swift for its role.
