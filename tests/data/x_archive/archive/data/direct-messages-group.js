window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1761000000000000099",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Booked the table for five.",
            "mediaUrls" : [],
            "senderId" : "4100000001",
            "id" : "1762600000000000005",
            "createdAt" : "2024-02-29T12:00:00.000Z"
          }
        },
        {
          "participantsLeave" : {
            "userIds" : [
              "4100000008"
            ],
            "createdAt" : "2024-02-29T11:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Sorry, cannot make it.",
            "mediaUrls" : [],
            "senderId" : "4100000008",
            "id" : "1762600000000000004",
            "createdAt" : "2024-02-29T10:30:00.000Z"
          }
        },
        {
          "participantsJoin" : {
            "initiatingUserId" : "4100000003",
            "userIds" : [
              "4100000009"
            ],
            "createdAt" : "2024-02-29T10:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Count me in!",
            "mediaUrls" : [],
            "senderId" : "4100000001",
            "id" : "1762600000000000009",
            "createdAt" : "2024-02-29T09:59:30.000Z"
          }
        },
        {
          "conversationNameUpdate" : {
            "initiatingUserId" : "4100000003",
            "name" : "Dinner club",
            "createdAt" : "2024-02-29T09:59:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Who is in for Friday?",
            "mediaUrls" : [],
            "senderId" : "4100000003",
            "id" : "1762600000000000003",
            "createdAt" : "2024-02-29T09:58:00.000Z"
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "4100000003",
            "participantsSnapshot" : [
              "4100000003",
              "4100000002",
              "4100000008"
            ],
            "createdAt" : "2024-02-29T09:00:00.000Z"
          }
        }
      ]
    }
  }
]